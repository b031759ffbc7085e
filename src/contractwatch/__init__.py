"""contractwatch: decisions about UK public-service contracts, from the public record."""
from .extract import extract
from .record import DocumentInfo, Event, Evidence, Record, Value

__version__ = "0.1.0"
__all__ = ["extract", "Record", "Event", "Evidence", "Value", "DocumentInfo", "__version__"]
