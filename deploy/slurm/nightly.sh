#!/bin/bash
# Submits one night: the shards' job array, then the merge once every task has ended (in
# success or not: afterany, so that failed shards are listed rather than the merge skipped).
# Run it from cron or scrontab on a submit host, e.g. at 01:00 Beijing time:
#     0 1 * * * cd /srv/govaudit/slurm && ./nightly.sh
# GOVAUDIT_SHARDS must match the --array range of govaudit-shards.sbatch.
set -euo pipefail
cd "$(dirname "$0")"
export GOVAUDIT_SHARDS=${GOVAUDIT_SHARDS:-4}
# One date for the whole night, even if tasks start after midnight.
export GOVAUDIT_AS_OF=${GOVAUDIT_AS_OF:-$(date -u -d '+8 hours' +%F)}
array=$(sbatch --parsable --export=ALL --array="0-$((GOVAUDIT_SHARDS - 1))" govaudit-shards.sbatch)
array=${array%%;*}   # "jobid;cluster" on multi-cluster setups
merge=$(sbatch --parsable --export=ALL --dependency="afterany:$array" govaudit-merge.sbatch)
echo "night $GOVAUDIT_AS_OF: shards job $array, merge job ${merge%%;*}"
