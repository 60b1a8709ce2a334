"""The Echo Show screen and the Alexa app card, added to a response by handlers/glue.respond().

- A device that lists Alexa.Presentation.APL in its supported interfaces gets one RenderDocument
  per response: the step, the side, and for each hold a countdown scheduled from the same
  spoken timeline as the SSML (view.py, timing.py, apl.py). Any other device gets no directive.
- A response that ends the session after something was done gets a Simple card with what was
  done today and one safety line (card.py), whatever the device.

Only this module is imported on every response; the rest, and the SDK's APL and card classes,
only when a response needs them.
"""
from __future__ import annotations


def apl_interface(request_envelope):
    """The request's Alexa.Presentation.APL interface object, or None if the device has none."""
    system = getattr(getattr(request_envelope, "context", None), "system", None)
    interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None)


def _from_the_screen(request_envelope) -> bool:
    """A request the document itself sent (an APL RuntimeError or UserEvent): answering it with a
    new document could loop, if that document were what failed."""
    kind = getattr(getattr(request_envelope, "request", None), "object_type", None) or ""
    return kind.startswith("Alexa.Presentation.APL.")


def _lead_seconds(handler_input) -> float:
    """Speech the response will carry before the reply's own words: the storage notice, which
    the persistence interceptor puts first when this request could not load the user's record."""
    from ..persistence.interceptors import STORAGE_ERROR, STORAGE_WARNED, STORAGE_WARNING

    manager = handler_input.attributes_manager
    if not manager.request_attributes.get(STORAGE_ERROR) or handler_input.request_envelope.session is None:
        return 0.0
    if (manager.session_attributes or {}).get(STORAGE_WARNED):
        return 0.0
    from ..speech.timeline import speech_seconds

    return speech_seconds(STORAGE_WARNING)  # said outside the reply's prosody, at the normal rate


def dress(handler_input, builder, reply, coach, language: str, rate_percent: float) -> None:
    """Add the card and the screen this reply calls for to the response being built."""
    done = []
    if reply.end_session and getattr(coach.state, "completed", None):
        from .card import completed_of, session_card

        done = completed_of(coach.state)
        card = session_card(done, language)
        if card is not None:
            from ask_sdk_model.ui import SimpleCard

            builder.set_card(SimpleCard(title=card[0], content=card[1]))
    apl = apl_interface(handler_input.request_envelope)
    if apl is None or _from_the_screen(handler_input.request_envelope):
        return
    from .apl import render_directive, runs_on

    if not runs_on(getattr(getattr(apl, "runtime", None), "max_version", None)):
        return
    from .card import summary_lines
    from .view import screen_data

    data = screen_data(reply, coach.state, coach.plan, language, rate_percent, lead=_lead_seconds(handler_input),
                       summary=summary_lines(done, language) if done else None)
    builder.add_directive(render_directive(data))
