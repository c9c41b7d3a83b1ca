"""Reads for assessment: the teacher's overview, assessment sheets, rubrics, the export."""
