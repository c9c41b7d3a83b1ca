"""Every change of assessment data: rubrics and assignments, reviews, grades, the export."""
