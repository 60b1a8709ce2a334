"""AWS Lambda entry point. The skill is built on the first request, from the environment
(SKILL_ID, SKILL_PERSISTENCE, DYNAMODB_TABLE, ...), and reused while the container is warm."""
from release_coach.skill import create_skill, handle_event

_skill = None


def lambda_handler(event, context):
    global _skill
    if _skill is None:
        _skill = create_skill()
    return handle_event(_skill, event, context)
