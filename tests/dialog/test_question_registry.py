"""The questions load on first use, and the registry knows every one of them."""
import subprocess
import sys

from release_coach.domain.dialog import questions


def test_every_question_is_where_the_registry_says():
    registered = {qid: type(q).__module__.rsplit(".", 1)[1] for qid, q in questions.all_questions().items()}
    assert registered == questions._MODULES


def test_a_launch_loads_only_the_menu_of_the_questions():
    code = ("import sys; sys.path.insert(0, 'lambda'); "
            "from release_coach.domain.coach import Coach, Context, Profile, SessionState; "
            "Coach(SessionState(), Profile(), Context(now=1.75e9)).launch(); "
            "print(' '.join(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('release_coach.domain.dialog.')))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert "choices" in loaded
    assert not loaded & {"offers", "safety_questions", "requests"}
