"""Questions, free words and what is remembered: the coach's answers that aren't routine steps.

A question is triaged first (coach.py), then answered from the knowledge base. In a routine the
answer is short and the place is kept: "want to carry on?" (questions.CarryOn) then reads "next",
"okay" and "yes" as going on, timed as before. With a question open, the answer comes first and
the question is asked again.
"""
from __future__ import annotations

from .dialog.answers import opening_kind, words_of
from .reply import Line, Reply, Text
from .state import Profile, SessionState

_QUESTION_OPENERS = ("what", "what's", "whats", "how", "why", "when", "where", "which", "who", "should", "can",
                     "could", "is", "are", "do", "does", "will", "would", "tell", "explain", "am", "any")


class TalkMixin:
    def sounds_like_question(self, text: str) -> bool:
        words = words_of(text)
        return text.strip().endswith("?") or bool(words and words[0] in _QUESTION_OPENERS)

    def question(self, topic: str | None = None, text: str | None = None) -> Reply:
        from . import knowledge

        found = knowledge.answer(text=text, topic=topic)
        if found is not None:
            return self.kb_reply(found)
        if knowledge.is_outside(text=text, topic=topic):
            return self.self_care(None, question=True, named=text)
        return self.self_care(text, question=True)

    def answer_then_reask(self, a, known_only: bool = False) -> Reply | None:
        """A question while a question is open: answer it, then ask ours again. `known_only`: words
        that don't sound like a question ("I never know how long to stay on the ball") are
        answered only when the article answers them; None otherwise."""
        from . import knowledge

        found = knowledge.answer(text=a.words, topic=a.value)
        if found is None and a.value and not knowledge.is_outside(text=a.words, topic=a.value):
            found = knowledge.answer(text=a.words)
        if found is None and known_only:
            return None
        if found is None:
            # The honest answer names what the article does cover nearest the question.
            return self.reask([self.unknown_line(a.words)], tags=["kb:unknown"])
        self.state.kb_topic = found.topic
        return self.reask([Text(found.text)], tags=[f"kb:{found.topic}"])

    def kb_reply(self, found) -> Reply:
        s = self.state
        s.kb_topic, s.last = found.topic, "kb"
        parts: list = [Text(found.text)]
        tags = [f"kb:{found.topic}"]
        if self.in_routine:
            return self.carry_on_offer(parts, tags=tags)
        if found.more:
            return self.ask("more", parts, tags=tags)
        return self.menu(parts, tags=tags, short=True)

    def kb_more(self) -> Reply:
        from . import knowledge

        found = knowledge.answer(topic=self.state.kb_topic)
        parts = [Text(found.more)] if found and found.more else []
        return self.after_kb(parts, tags=["kb:more"])

    def after_kb(self, parts: list, tags: list | None = None) -> Reply:
        self.state.ask = None
        if self.in_routine:
            return self.carry_on_offer(parts, tags=tags or [])
        return self.menu(parts, tags=tags, short=True)

    def self_care(self, heard: str | None, question: bool = False, named: str | None = None) -> Reply:
        """Nothing of concern was said: answer it if it's a known question, else acknowledge.
        `named`: the words of a question known to be outside the article, for its closest topics."""
        from . import knowledge

        found = knowledge.answer(text=heard) if heard else None
        if found is not None:
            return self.kb_reply(found)
        if question:
            lead = [self.unknown_line(heard or named)]
            if self.in_routine:
                return self.carry_on_offer(lead, tags=["kb:unknown"])
            return self.menu(lead, tags=["kb:unknown"], short=True)
        if self.in_routine:
            return self.keep_going([Line("ok.noted")])
        return self.menu([Line("safety.self_care")], tags=["triage:self_care"], short=True)

    def unknown_line(self, heard: str | None) -> Line:
        """'I can't answer that one; I can tell you about X, Y or Z': the topics nearest the words."""
        from . import knowledge

        closest = knowledge.closest(heard, 3) if heard else []
        return Line("kb.unknown", {"topics": closest or [knowledge.topics_summary()]})

    def free_text(self, text: str | None) -> Reply:
        """Anything only the free-text carrier caught: safety came first; then what it asks for."""
        from . import safety

        if not text:
            return self.fallback()
        if safety.mentions_clearance(text):
            return self.cleared()
        if safety.wants_gentle(text):
            return self.gentle()
        kind = opening_kind(text, self.language)
        if kind in ("wait", "stop", "next", "ack", "yes", "thanks") and not self.sounds_like_question(text):
            from .dialog.answers import Answer

            return self.act(Answer(kind, None, None))
        if self.state.blocked:
            return self.blocked_reply([])
        return self.self_care(text, question=self.sounds_like_question(text))

    def aside(self, key: str | None, tags: list) -> Reply:
        """Something said that asks nothing of a routine ("thanks", "play radio two", "hmm"): answer
        it (the line `key`, if any) and keep the place; an interrupted hold is offered to carry on."""
        lead = [Line(key)] if key else []
        if self.in_routine and self.state.hold_left:
            return self.carry_on_offer(lead, tags=tags)
        return self.keep_going(lead, tags=tags)

    def thanked(self) -> Reply:
        return self.aside("thanks.welcome", ["thanks"])

    def elsewhere(self) -> Reply:
        """A request for something only Alexa does (music, the weather, a timer)."""
        return self.aside("elsewhere", ["elsewhere"])

    def clarify(self, words: str | None) -> Reply:
        """"What do you mean?" with no question open: about the words given, else what was just said."""
        return self.question(text=words) if words else self.repeat()

    def spoken(self, parts: list) -> str:
        """The words of a reply's lines and texts, as said."""
        from ..speech.render import line_text

        return " ".join(p.text if isinstance(p, Text) else line_text(p, self.language) for p in parts
                        if isinstance(p, (Text, Line)))

    def has_line(self, key: str) -> bool:
        from ..speech.render import strings

        return key in strings(self.language)

    # ----- what is remembered -----------------------------------------------------------------

    def forget_me(self) -> Reply:
        return self.ask("forget", [])

    def forget_confirmed(self) -> Reply:
        self.profile = Profile(forget=True)
        self.state = SessionState()
        return Reply([Line("forget.done")], end_session=True, tags=["forget:done"])

    def what_do_you_remember(self) -> Reply:
        from . import routines as R

        p = self.profile
        parts: list = [Line("memory.intro")]
        count = len(p.history)
        parts.append(Line("memory.sessions", {"count": count, "variant": "one" if count == 1 else "default"}))
        if p.hold_preference:
            parts.append(Line("memory.hold", {"seconds": p.hold_preference}))
        if self.gentle_remembered():
            parts.append(Line("memory.gentle"))
        if self.speaking_rate != 100:
            parts.append(Line("memory.pace", {"variant": "slow" if self.speaking_rate < 100 else "fast"}))
        if p.prefs.get("first_side") in R.SIDES:
            parts.append(Line("memory.first_side", {"side": p.prefs["first_side"]}))
        if p.prefs.get("tool") in ("ball", "roller"):
            parts.append(Line("memory.tool", {"variant": p.prefs["tool"]}))
        if p.prefs.get("flow"):
            parts.append(Line("memory.flow"))
        if ps := self.restore(p.position, apply=False):
            parts.append(Line("memory.position", {"name": ps.routine.name}))
        parts.append(Line("memory.forget_hint"))
        if self.in_routine:
            return self.carry_on_offer(parts, tags=["memory"])
        return self.menu(parts, tags=["memory"], short=True)

