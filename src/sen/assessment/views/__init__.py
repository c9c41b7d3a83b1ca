"""Assessment pages: the teacher's (staff), the student's, supervisor's and parents' (own),
rubric management (rubrics) and the grade export (export)."""
