"""The student import: a school's students from a Magister or Somtoday CSV export.

parsing (bytes → rows and findings) → services (preview plan, all-or-nothing
write) → tasks (background jobs) → views. See `services` for the flow.
"""
