"""``contractwatch serve``: the web UI and JSON API over a store."""
from __future__ import annotations

import os
from typing import Optional

import typer


def serve_store(store, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
                workers: int = 1, cache: bool = True) -> None:
    """Print the address to open, then serve until interrupted.

    With ``workers`` > 1, uvicorn starts that many processes, each opening the store by URL.
    """
    import uvicorn
    from rich.console import Console

    from .api import create_app

    if token is None:
        token = os.environ.get("CONTRACTWATCH_TOKEN") or None
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    out = Console(soft_wrap=True)
    access = ("write endpoints need the token" if token
              else "read-only: set CONTRACTWATCH_TOKEN or --token to accept documents")
    out.print(f"Serving contractwatch at [bold]http://{shown}:{port}/[/bold] "
              f"(API: http://{shown}:{port}/api/v1/docs; {access}) — press Ctrl+C to stop", highlight=False)
    common = dict(host=host, port=port, log_level="warning", access_log=False, timeout_keep_alive=30,
                  server_header=False)
    if workers > 1:
        os.environ["CONTRACTWATCH_DB"] = store.url
        os.environ["CONTRACTWATCH_WEB_CACHE"] = "1" if cache else "0"
        if token:
            os.environ["CONTRACTWATCH_TOKEN"] = token
        else:
            os.environ.pop("CONTRACTWATCH_TOKEN", None)
        store.close()
        uvicorn.run("contractwatch.api:app_from_env", factory=True, workers=workers, **common)
        return
    server = uvicorn.Server(uvicorn.Config(create_app(store, token=token, cache=cache), **common))
    server.run()
    if not server.started:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    from .cli import DbOption, open_store

    @app.command()
    def serve(db: Optional[str] = DbOption,
              host: str = typer.Option("127.0.0.1", help="Address to listen on."),
              port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
              token: Optional[str] = typer.Option(None, envvar="CONTRACTWATCH_TOKEN", show_envvar=True,
                                                  help="Token that write endpoints require; without one "
                                                       "the server is read-only."),
              workers: int = typer.Option(1, min=1, max=64, help="Server processes."),
              cache: bool = typer.Option(True, "--cache/--no-cache",
                                         help="Keep facets, charts and page totals until the store changes.")) -> None:
        """Serve the web UI and the JSON API (/api/v1) from the store."""
        store = open_store(db)
        serve_store(store, host=host, port=port, token=token or None, workers=workers, cache=cache)
