#!/bin/sh
# ndksim-run on the built-in demo (scenarios/demo.toml): for tests written against the demo,
# which was the default scenario before fabric scenarios. NDKSIM_RUN names the program.
exec "$NDKSIM_RUN" --demo "$@"
