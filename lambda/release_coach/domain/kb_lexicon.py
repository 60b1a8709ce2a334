"""English word lists for the knowledge base: lay words, question shapes, function words.

LEXICON maps a concept token to the words and phrases people use for it. Both questions and the
knowledge base's own text are folded through it (domain/kb_words.py), so "my bum", "the butt" and
the article's "buttock" meet. Phrases are matched on lightly stemmed words, longest first, so
"foam roller" wins over "roller" and "stay hydrated" over "stay". A concept's own name is one of
its words. Keep each list to words that mean the concept wherever they're said in this skill;
a word that means two things here ("hard": pressure or difficulty) stays out.
"""
from __future__ import annotations

import re

# Whoever told the asker something, and how they say it ("my yoga teacher reckons ..."): the
# asker's context, folded to a dropped word ("said" below).
_TELLERS = ("physio", "doctor", "gp", "chiro", "osteo", "osteopath", "yoga teacher", "pilates teacher",
            "pilates instructor", "instructor", "trainer", "personal trainer", "coach", "massage therapist",
            "therapist", "partner", "husband", "wife", "friend", "mum", "mom")
_TOLD = ("says", "said", "reckons", "thinks", "told me", "tells me", "keeps saying", "keeps telling me")

LEXICON: dict[str, tuple[str, ...]] = {
    # body
    "buttock": ("buttocks", "bum", "butt", "backside", "bum cheek", "butt cheek", "cheek", "rear end", "booty",
                "arse", "ass", "behind area", "seat muscles", "hip pocket"),
    "glutes": ("glute", "gluteal", "gluteals", "gluteus", "glutei", "glutes muscles", "butt muscles",
               "bum muscles", "buttock muscles", "glute muscles"),
    "sacrum": ("tailbone", "tail bone", "base of my spine", "base of the spine", "bottom of my spine",
               "bottom of the spine", "sacral", "triangle bone", "triangular bone", "sacrum bone"),
    # Mis-hearings of "sacroiliac" the repairer can't join (it never eats a known last word: "iliac").
    "si": ("sacroiliac", "sacro iliac", "s i", "sij", "sacro", "sacro thingy", "sacroiliac thingy",
           "sack row iliac", "sack roiliac", "sac row iliac", "sack ro iliac", "sacra iliac", "sacrum iliac",
           "sacral iliac", "sacro illiac", "sack row illiac"),
    # Bare "back" is the lower back as people say it ("my back's flared up"); the phrases that
    # aren't ("on my back", "back and forth", "the back of my thigh") have their own concepts.
    "lowback": ("back", "lower back", "low back", "lumbar", "small of my back", "lower spine", "bottom of my back",
                "lower part of my back", "back muscles", "lumbar spine"),
    "pelvis": ("pelvic", "pelvic bones", "hips bones"),
    "asis": ("anterior superior iliac spine", "bony bit at the front of my hip", "bony bit at the front",
             "bony point at the front", "bony points at the front", "front of my hip bone",
             "front of the hip bone", "bony bit on the front of my hip", "hip point", "hip points",
             "pointy bit of my hip", "bony points at the front of your hips", "bony point you can feel",
             # how the acronym is heard said as one word (split hearings are the repairer's)
             "asus", "asys", "asiss", "asiz"),
    "spinous": ("spinous process", "spinous processes", "bony bumps", "bony bump", "knobbly bits",
                "bumps down my spine", "bumps on my spine", "vertebrae", "vertebra", "backbone",
                "bones of my spine", "bones of the spine"),
    "ligament": ("ligaments", "double jointed", "hypermobile", "hypermobility", "lax", "laxity"),
    "muscle": ("muscles", "muscular", "tissue", "soft tissue", "soft tissues", "fibres", "fibers"),
    # tools and techniques
    # A spiky ball is another tool, which the article doesn't mention (outside "other_tools").
    "ball": ("balls", "massage ball", "ball thing", "the ball one"),
    "lacrosse": ("la cross", "lacross"),
    "foamroller": ("foam roller", "foam roll", "foam rolling", "roller", "rollers", "phone roller",
                   "foam role", "the roller one"),
    "compression": ("squeeze", "squeezing", "pelvis squeeze", "hip squeeze", "compress my pelvis",
                    "press inwards", "press in", "push inwards", "push in", "pushing in", "press inward",
                    "push inward", "hands on hips", "hands on my hips", "hands on the hips", "belly button"),
    "effleurage": ("gliding strokes", "gliding stroke", "long strokes", "long stroke", "efflurage",
                   "effleurage strokes", "smooth strokes", "stroking"),
    # Not "kneed": stemmed, it is "knees".
    "petrissage": ("kneading", "knead", "petrisage"),
    "rock": ("wiggle", "wiggling", "oscillate", "oscillating", "jiggle", "rocking", "small movements",
             "roll around", "move around", "shift around", "rock side to side", "nudge",
             # moving on the tool, as people say it
             "move about", "moving about", "moving around", "shift about", "side to side", "roll side to side",
             "wriggle", "wriggling", "wiggle about", "wiggle around", "move on it", "moving on it"),
    "hand": ("hands", "heel of the hand", "heel of my hand", "thumb", "thumbs", "finger", "fingers",
             "fingertips", "fingertip", "knuckles"),
    "elbow": ("elbows", "forearm", "forearms"),
    # doing it
    "pressure": ("press", "pressing", "push", "pushing", "lean", "leaning", "firm", "firmly", "firmer",
                 "harder", "how hard", "pressure intensity", "dig in", "digging in", "force", "forceful",
                 "too hard", "too much pressure", "too firm", "too soft", "lighter", "softer", "gentler"),
    "tenderspot": ("tender spot", "tender spots", "sore spot", "sore spots", "knot", "knots",
                   "tender point", "tender points", "trigger point", "trigger points", "tender area",
                   "sore bit", "tight spot", "tight spots"),
    "hold": ("holds", "holding", "stay on", "stay on it", "rest on it", "lie on it", "sit on it", "lie there",
             "just lie there",
             "keep still", "lie still", "stay still", "till it lets go", "until it lets go",
             "until it releases", "until the tension eases"),
    "perside": ("each side", "per side", "a side", "every side", "switch sides", "other side", "one side",
                "each hip", "per hip", "each glute", "each cheek", "each buttock",
                "change sides", "swap sides", "on each side"),
    # Bare "time" is left out: "what time is it" is not about holds.
    "duration": ("how long", "how many seconds", "how many minutes", "seconds", "minutes", "second", "minute",
                 "how much time", "correct time", "right time", "length of time", "long enough"),
    "breathe": ("breathing", "breath", "breaths", "belly breathing", "diaphragmatic", "diaphragm",
                "diaphragmatic breathing", "deep breaths", "inhale", "exhale"),
    "lie": ("lying", "lay", "laying", "lies", "lie down", "lying down"),
    "facedown": ("face down", "on my front", "on my tummy", "on my stomach", "prone", "lie on my front",
                 "lying face down"),
    # Bare "on my back" stays out: "fingertips on my back" is a place, not a position.
    "faceup": ("face up", "supine", "lie on my back", "lying on my back", "lie on your back", "lying on your back",
               "flat on my back", "on my back with", "on your back with"),
    "side_lying": ("on my side", "on your side", "side lying", "lie on my side", "on her side", "on his side",
                   "on their side", "lying on her side", "lying on his side"),
    "kneesbent": ("knees bent", "knees up", "bend my knees", "bent knees", "legs straight", "straight legs",
                  "leg bent", "knee bent", "bent up", "top leg bent", "knee up",
                  "legs bent", "knees bent and feet flat", "feet flat"),
    "cross": ("crossed", "crossing", "cross my leg", "cross the leg", "figure four", "ankle on my knee",
              "leg over my knee", "leg over the other knee", "goes over", "go over", "over the other knee",
              "leg over"),
    "beside": ("next to", "either side of", "each side of", "alongside", "along", "by the side of",
               "on both sides of", "down the sides of"),
    # Talking about a thing is not talking to a partner: "talk about" folds to a dropped word.
    "about": ("talk about", "talks about", "talking about", "go on about", "goes on about", "going on about",
              "keeps going on about"),
    "talk": ("talking", "tell them", "say to", "say to my partner", "tell my partner", "tell him", "tell her", "let them know",
             "let my partner know", "let him know", "let her know", "let know", "communicate", "communication",
             "speak up", "say when"),
    "balance": ("tipping", "tip off", "tipping off", "fall off", "falling off", "wobble", "wobbly",
                "roll off", "slide off", "steady myself", "steady yourself", "stay balanced", "support"),
    "slow": ("slowly", "fast", "quickly", "how fast", "speed", "quick"),
    # feelings and signs
    "pain": ("hurt", "hurts", "hurting", "painful", "ache", "aches", "aching", "sore", "soreness"),
    "builds": ("getting worse the longer", "gets worse the longer", "getting worse the more", "worse the more",
               "keeps building", "building up", "worse the longer", "gets worse while", "worse while",
               "increasing", "getting stronger", "gets stronger", "builds up", "building", "more and more",
               "hurts more", "worse and worse"),
    "sharp": ("shooting", "stabbing", "electric", "sharp pain", "shooting pain", "stabbing pain"),
    "discomfort": ("uncomfortable", "good pain", "bad pain", "good hurt", "bruisey", "bruised feeling",
                   "achy", "tender", "mild discomfort", "suppose to hurt", "supposed to hurt",
                   # the pleasant ache: "nice" or "good" with any word for pain
                   "good kind of hurt", "good kind of pain", "good sort of pain", "good sort of hurt", "nice hurt",
                   "nice pain", "nice ache", "good ache", "hurts so good", "hurts good", "satisfying ache",
                   "satisfying pain", "pleasant ache", "pleasant pain", "sweet pain"),
    "tight": ("tightness", "tense", "tension", "tensed", "stiff", "stiffness", "hypertonic", "taut", "tighten",
              "tightens", "tightening", "tightened"),
    "spasm": ("spasms", "spasming", "cramp", "cramps", "cramping", "seize up", "seizes up", "lock up"),
    "heat": ("warm", "warmth", "hot", "heating", "heated", "heat pack", "heating pad", "hot water bottle",
             "wheat bag", "wheat pack", "warm compress", "hot shower", "warm shower", "hot bath", "warm bath",
             "microwave", "warm up", "warming up", "heatpack", "bath", "shower", "sauna", "spa"),
    "water": ("hydrated", "hydration", "hydrate", "hydrating", "drink", "drinking", "fluids", "fluid",
              "stay hydrated", "dehydrated"),
    # "gone again": said of the SI joint ("my SI's gone again"), a flare as people tell it.
    "flare": ("flare up", "flared up", "flared", "gone again", "has gone again", "gone on me", "went again",
              "playing up again", "acting up again", "bad again", "flaring", "flaring up", "flareup", "acute", "bad day", "bad today",
              "really bad today", "fresh injury", "just started"),
    # Heat felt in the area is inflammation, not a heat pack: "it's gone all hot", "hot to the touch".
    "inflame": ("inflamed", "inflammation", "inflammatory", "swollen", "swelling", "gone all hot", "gone hot",
                "feels hot", "feel hot", "feeling hot", "hot to touch", "hot to the touch", "warm to the touch",
                "warm to touch", "hot and inflamed", "hot and swollen", "red and hot", "hot and red", "puffy"),
    "deep": ("deep tissue", "go in deep", "aggressive", "deeper", "go deep", "intense"),
    "chronic": ("long standing", "longstanding", "long term", "ongoing", "for years", "for ages"),
    "numb": ("numbness", "numbed", "pins and needles", "tingling", "tingle", "tingly", "can not feel",
             "lost feeling", "no feeling", "dead leg"),
    "weak": ("weakness", "weaker", "gives way", "giving way", "buckles"),
    "bladder": ("bowel", "bowels", "toilet", "pee", "wee", "incontinence", "incontinent", "wet myself",
                "continence", "urine", "poo", "bunged up", "constipated"),
    "injury": ("fall", "fell", "accident", "crash", "injured", "injure", "trauma", "hurt myself",
               "car accident", "knock", "slipped"),
    # "better" alone stays itself ("move better"); getting better is about recovery.
    "recover": ("feel better", "get better", "getting better", "go away", "goes away", "for good", "heal",
                "healed", "healing", "cure", "cured", "recovery time", "back to normal", "fixed for good"),
    "persist": ("not go away", "will not go away", "does not go away", "not going away", "never goes away",
                "not getting better", "not improving", "not reducing", "not going away", "still hurts",
                "getting worse", "worsening", "worse", "keeps coming back", "weeks", "months",
                "persistent", "lingering", "lingers"),
    "condition": ("conditions", "osteoporosis", "osteopenia", "cancer", "tumour", "tumor", "arthritis",
                  "rheumatoid", "spondylitis", "lupus", "medical condition", "health condition"),
    "fracture": ("fractures", "fractured", "broken", "broke", "break", "cracked"),
    # Breaking up a knot is releasing it, not a fracture. (Not "let go": "until it lets go" is a hold.)
    "release": ("releases", "released", "releasing", "break it up", "break up", "break them up", "breaking up",
                "break down", "break it down"),
    # Movement along the tool, and the back of the leg, are not the lower back.
    "backforth": ("back and forth", "backwards and forwards", "forwards and backwards", "to and fro"),
    "leg": ("legs", "thigh", "thighs", "back of my leg", "back of the leg", "back of my thigh", "back of the thigh",
            "the back of my leg", "the back of my thigh", "the back of the leg", "the back of the thigh"),
    "unstable": ("instability", "loose joint", "gives out", "slipping out", "out of place", "misaligned",
                 "misalignment"),
    "stable": ("stability", "steady", "steadies", "stabilise", "stabilize", "stabilising", "stabilizing"),
    "move": ("movement", "moves", "moving", "mobile", "mobility", "bendy", "flexible", "fixed", "motion"),
    "weight": ("weight bearing", "load", "loads", "forces", "carry the weight", "takes the weight"),
    "exercise": ("exercises", "stretch", "stretches", "stretching", "strengthen", "strengthening", "core",
                 "yoga", "pilates", "workout", "strength"),
    "posture": ("sitting posture", "how i sit", "how i stand", "slouching", "slouch"),
    "blood": ("blood flow", "circulation", "blood supply"),
    # people
    # A third person doing the massage here is the partner: "how long should he press on a knot".
    "partner": ("he", "she", "him", "her", "husband", "wife", "girlfriend", "boyfriend", "spouse", "friend", "someone else",
                "other half", "another person", "helper", "other person", "mate", "hubby", "missus",
                "my partner", "partners"),
    # Named professions stay themselves: "can a chiropractor help" is about who to see.
    "professional": ("doctor", "doctors", "gp", "physician", "specialist", "health professional",
                     "healthcare professional", "practitioner", "medical help", "get it checked",
                     "get checked", "checked out", "see", "see someone", "see somebody", "seek help",
                     "professional help", "get help", "getting help", "medical attention"),
    "physio": ("physiotherapist", "physical therapist", "physical therapy", "physiotherapy", "pt"),
    "chiropractor": ("chiro", "chiropractic", "chiropractors"),
    "sportsmedicine": ("sports medicine", "sports doctor", "sports medicine doctor", "sports physician",
                       "sports medicine physician"),
    # massage itself
    # The ways there are ("what are the ways to do it"); one "way" ("the best way to") is dropped.
    "technique": ("techniques", "methods", "method", "options", "different ways", "other ways", "what are the ways",
                  "ways to do", "ways to massage", "ways of doing"),
    "else": ("besides", "as well as", "apart from", "other than", "in addition to", "on top of",
             "what else", "anything else", "other things"),
    "self": ("myself", "by myself", "on my own", "on your own", "alone", "yourself", "by yourself", "at home"),
    "cream": ("heat rub", "deep heat", "creams", "gel", "gels", "ointment", "balm", "tiger balm", "voltaren",
              "rub on", "rub in"),
    "massage": ("massaging", "massaged", "rub", "rubbing", "self massage", "bodywork"),
    "benefit": ("benefits", "point of", "good for", "worth", "worth doing", "worth trying", "really do anything", "achieve", "achieves", "accomplish", "do anything", "does anything", "worth it", "effective",
                "do any good", "actually work", "actually help", "make a difference", "what does massage do",
                "what good", "any good", "ease", "eases", "easing", "relieve", "relieves", "relief",
                "relax", "relaxes", "relaxing", "loosen", "loosens", "loosen up", "looser"),
    "help": ("helps", "helping", "helped", "work", "works", "working", "worked"),
    "cause": ("causes", "causing", "caused", "reason", "reasons", "trigger", "triggers", "why do i get",
              "why do people get", "what makes", "brings on", "bring on", "leads to", "lead to",
              # setting it off, with what was set off in the middle or not
              "set off", "sets off", "set it off", "sets it off", "set my si off", "set my back off",
              "set the joint off", "kicked it off", "kick it off", "brought it on", "bring it on", "brings it on"),
    "trouble": ("problems", "problem", "issues", "issue", "dysfunction", "play up", "plays up", "playing up",
                "acts up", "act up", "acting up", "go wrong", "goes wrong", "cranky", "irritated", "irritation"),
    "repeated": ("over and over", "again and again", "repetitive", "repeating", "repetition", "same movement",
                 "same thing over and over", "overuse", "overusing"),
    "imbalance": ("imbalances", "imbalanced", "uneven", "weak on one side", "weaker on one side",
                  "one side weaker", "one side stronger", "lopsided"),
    "treat": ("treatment", "treatments", "treating", "treated", "fix", "fixes", "fixing", "enough on its own",
              "enough by itself", "on its own",
              # as the console writes "its" when it opens it: "it is"
              "on it is own", "enough on it is own", "by it is self"),
    "feel": ("felt", "feels", "feeling", "notice"),
    # Putting a tool somewhere; not "place" the noun ("in the first place").
    "place": ("put", "puts", "putting", "place it", "place the", "placed", "placing", "placement"),
    # Where pain is felt, as people tell it: "it aches in my groin", "it goes into my bum".
    "showsup": ("shows up in", "show up in", "shows up", "show up", "pain in", "ache in", "aches in", "aching in",
                "hurts in", "hurt in", "sore in", "goes into", "spreads to", "spreads into", "feel it in",
                "felt in", "just in", "only in", "can it be in"),
    "risk": ("risks", "risky", "danger", "dangers", "harm", "harmful", "do any harm", "side effects",
             "do damage", "cause damage"),
    # What the SI joint is for: "what's its job", "what's the point of the joint".
    "purpose": ("job", "its job", "purpose", "function", "what is it for", "there for",
                "point of the joint", "point of the si joint", "point of the sacroiliac joint"),
    # Where the work goes: on the joint itself or the muscles around it.
    "joint_itself": ("joint itself", "the actual joint", "right on the joint", "on the joint", "joint or on the muscle",
                     "the bone itself", "right on the bone", "on the bone",
                     # "the joint or the muscles", "muscle or bone": either way round
                     *(f"{a} or {the}{b}" for one in ("joint", "bone") for muscle in ("muscle", "muscles")
                       for a, b in ((one, muscle), (muscle, one)) for the in ("", "the "))),
    # What the work is aimed at ("what am I aiming at"); not "work on" ("does it work on" asks if it helps).
    "target": ("targets", "targeting", "targeted", "aim", "aiming", "aim at", "aiming at", "aim for", "focus on",
               "focusing on", "focus"),
    # When results come: outside the article (outside "recovery_time").
    "results": ("notice a difference", "see a difference", "feel a difference", "see results", "notice results",
                "see any results", "kick in", "kicks in", "start working", "starts working", "start to work",
                "take effect", "takes effect"),
    # Who said it, and when, are the asker's context, not the question: they fold to dropped words.
    "said": ("physio keeps going on about", *(f"{whose} {who} {told}" for whose in ("my", "the") for who in _TELLERS for told in _TOLD)),
    # "What's the difference between A and B": A and B are the question.
    "versus": ("difference between", "the difference between", "compared to", "compared with", "versus", "vs"),
    # Said for emphasis, not as a time or a place: dropped ("anyway" is a function word).
    "anyway": ("in the first place", "to begin with", "to start with"),
    "earlier": ("this morning", "last night", "this evening", "yesterday", "today", "earlier today",
                "the other day", "this week"),
}

# The skill's whole subject: in nearly every question, so they say little about which fact is
# asked ("can a chiropractor fix SI joint pain" is about the chiropractor).
CONTEXT = frozenset({"si", "joint", "pain", "massage"})
CONTEXT_WEIGHT = 0.4

# Question shapes, read from the cleaned words before anything is dropped. An entry's "cues" say
# which shapes it answers; a question of that shape leans toward it.
SHAPES: dict[str, re.Pattern] = {
    "timing": re.compile(r" how (long|many (seconds|minutes))| how much time | when (do|should) i (switch|change|swap|move)"),
    # How often to do it: the article doesn't say, so only its outside list (how_often) takes this cue.
    "frequency": re.compile(r" how often | how many times (a|per|each|every) | times a (day|week) "),
    "who": re.compile(r" who | what (kind|sort|type) of (doctor|specialist|professional|person)| which doctor "),
    # "under the hip or under the lower back": a place asked by naming places.
    "where": re.compile(r" where | (under|underneath|beneath) (the|my|your) "),
    "define": re.compile(r" what (is|are|does) .*\b(mean|meaning|called|stand for)\b| what is (a|an|the)? ?\w+ $"
                         r"| what is that | what is it | meaning of | called "),
    "why": re.compile(r" why "),
    "when": re.compile(r" when "),
    "how_hard": re.compile(r" how (hard|firm|firmly|much pressure|deep|gentle|gently) "),
    "position": re.compile(r" how (do|should) i (get|lie|lay|sit|position)| (knees|legs) | face (up|down) "),
    # Which of two: "is a lacrosse ball better than a tennis ball".
    "which": re.compile(r" (which|what) (kind|sort|type) of | (better|best) than | which (one|is better|is best) "
                        r"| which \w+ (is|are) (the )?(best|better) | (what|which) (is|are) the best "),
    "how": re.compile(r" how (do|should|can) i | what (do|should) i do "),
    "how_help": re.compile(r" how (does|do|is|will|would|can|could) \w+( \w+)?( \w+)? (help|work)| point of "
                           r"| (does|do|will|would) (it|this|that|massage) (really |actually )?(do anything|do any good|help) "
                           r"| any good for | worth (it|doing|trying) "),
}

STOPWORDS = frozenset(
    """a an the and or but if of to in on at for with from by about as into onto is are was were be been
    being am do does did doing done have has had having i me my mine myself you your yours we our us it its
    itself they them their this that these those there here what which whom whose how
    can could should would will shall may might must just so too very really quite also then than
    any some all each every more most much many few lot lots bit little tell know want need please okay ok
    alexa coach release hey hi um uh er erm like get got go going gonna wanna thing things stuff one ones
    out up down over off again still yet use using instead actually basically generally usually sort kind
    right so well oh mean anyway yeah yes sorry wondering wonder question ask asking say said supposed
    he she his her him someone something anything
    alright reckon reckons heaps pretty gotta who when where why bad normal fine time even take takes taking
    thingy thingo meant earlier sure never versus
    now currently super totally extremely way ways correct proper properly kindly exactly precisely
    think thoughts opinion recommend suggest advise""".split()
)
# "who", "when", "where" and "why" go as words but stay as shapes: shapes() reads them first.
# "not" stays: "when massage won't help" turns on it.
