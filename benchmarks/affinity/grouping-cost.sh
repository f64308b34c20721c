#!/usr/bin/env bash
# What choosing task groups costs on the planted-group example, each run as `branchwise train` (one trainer
# process, as the search launches them): the TAG affinity run, one plain joint run with the same budget, and the
# pairwise approach's 15 two-task runs with the same budget. Run after `mvn -B -o -q package -DskipTests`.
# Prints, per run, the wall time of the command and the trainer's own training time (the sum of its epoch times:
# training steps and affinity measurements, not start-up or evaluation). Affinity and joint runs alternate, so
# a change in machine load hits both; `uptime` is printed before and after.
# EPOCHS=N trains the joint and pair runs N epochs while the affinity run keeps the example's: the search's
# search.affinity_epochs setting (examples/search-synthetic-6tasks.yaml: affinity 5 epochs, training 10).
#   [EPOCHS=10] benchmarks/affinity/grouping-cost.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-2}
jar=orchestrator/target/branchwise.jar
example=examples/train-synthetic-affinity.yaml
work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "outputs kept in $work"; fi

sed 's/affinity_every: 10/affinity_every: 0/' "$example" > "$work/joint.yaml"
grep -q 'affinity_every: 0' "$work/joint.yaml"
if [ -n "${EPOCHS:-}" ]; then
    sed -i "s/epochs: [0-9]*/epochs: $EPOCHS/" "$work/joint.yaml"
    grep -q "epochs: $EPOCHS" "$work/joint.yaml"
fi

# name spec → "name wall_s train_s cpu_s"; CPU time (user + sys of the command and the trainer process it waits
# for) moves less than wall time when other work shares the cores.
run() {
    local t
    t=$( { TIMEFORMAT='%R %U %S'; time java -jar "$jar" train "$2" --work "$work/$1" > "$work/$1.out" 2> "$work/$1.err"; } 2>&1 )
    awk -v name="$1" -v t="$t" \
        'BEGIN { split(t, a, " ") } /^epoch +[0-9]+\/[0-9]+ / { sub(/s$/, "", $3); train += $3 }
         END { printf "%-12s wall %6.1f s  training %6.1f s  cpu %6.1f s\n", name, a[1], train, a[2] + a[3] }' "$work/$1.out"
}

uptime
for r in $(seq 1 "$repeats"); do
    run "affinity-$r" "$example"
    run "joint-$r" "$work/joint.yaml"
done
grep -A3 '^best grouping' "$work/affinity-1.out" || true

total_wall=0
total_train=0
total_cpu=0
for i in 0 1 2 3 4 5; do
    for j in $(seq $((i + 1)) 5); do
        # keep only tasks ti and tj; everything else (data, layout, budget) as in the joint run
        grep -v -E "name: t[0-5]," "$work/joint.yaml" > "$work/pair-$i$j.yaml"
        grep -E "name: t($i|$j)," "$work/joint.yaml" > "$work/tasks"
        awk -v tasks="$work/tasks" '{ print } /^tasks:/ { while ((getline line < tasks) > 0) print line }' \
            "$work/pair-$i$j.yaml" > "$work/pair-$i$j.spec.yaml"
        line=$(run "pair-t$i-t$j" "$work/pair-$i$j.spec.yaml")
        echo "$line"
        total_wall=$(echo "$total_wall + $(echo "$line" | awk '{ print $3 }')" | bc)
        total_train=$(echo "$total_train + $(echo "$line" | awk '{ print $6 }')" | bc)
        total_cpu=$(echo "$total_cpu + $(echo "$line" | awk '{ print $9 }')" | bc)
    done
done
printf "15 pairs     wall %6.1f s  training %6.1f s  cpu %6.1f s (one after another)\n" "$total_wall" "$total_train" "$total_cpu"
uptime
