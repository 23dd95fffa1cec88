# Sourced by the bench scripts: the generated data set they share.
# In: $1 provinces (default 34), $2 years (default 5). Out: $bin, $work, $db.
provinces=${1:-34}
years=${2:-5}
bin=target/release/dondoc
work=${BENCH_DIR:-/tmp/dondoc-bench-web}
mkdir -p "$work"
db="$work/national-$provinces-$years.sqlite"
if [ ! -f "$db" ]; then
  echo "== generating $provinces provinces × $years years into $db"
  $bin demo-data --provinces "$provinces" --years "$years" --db "$db" 2>/dev/null | tail -n 2
fi
