"""localwire: national data in, local stories out, every figure checked."""

__version__ = "0.1.0"
