"""The smallest useful ask-sdk-core skill: the baseline every benchmark compares against."""
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_request_type

_builder = SkillBuilder()


@_builder.request_handler(can_handle_func=is_request_type("LaunchRequest"))
def _launch(handler_input):
    return handler_input.response_builder.speak("Hello.").ask("Hello?").response


@_builder.request_handler(can_handle_func=lambda handler_input: True)
def _anything(handler_input):
    return handler_input.response_builder.speak("Okay.").ask("Okay?").response


lambda_handler = _builder.lambda_handler()
