"""Learning records: reading xAPI statements back from the learning record store (LRS), the trainers'
reports on them, classroom scores sent to it, and a learner's records removed on request. No MkDocs here."""
