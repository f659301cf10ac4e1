from fluxrate.tracking.async_tracker import AsyncTracker
from fluxrate.tracking.batches import FailedEvent, TrackerOptions, TrackerStats
from fluxrate.tracking.tracker import Tracker

__all__ = ["AsyncTracker", "FailedEvent", "Tracker", "TrackerOptions", "TrackerStats"]
