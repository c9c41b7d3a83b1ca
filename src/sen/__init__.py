"""SEN - Smart Educational Network."""
