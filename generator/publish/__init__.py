"""Publishing a built site to an intranet web root: releases, an atomic `current` switch, rollback."""
