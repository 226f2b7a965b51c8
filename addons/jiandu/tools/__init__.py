"""Pure rules of enforcement supervision: rubric scoring, sampling, file checks. No ORM."""
