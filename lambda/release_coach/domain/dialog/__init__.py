"""The dialog: what each kind of answer means while each question is open.

- answers.py: what was said, as a kind of answer (yes, no, acknowledgement, wait, a routine ...).
- questions.py: each question the skill asks, and how it reads every kind of answer.
- The routine player (domain/player.py) is what runs when no question is open.
"""
