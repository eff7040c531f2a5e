# jq: filters over a generated document.
set -u
seq 1 100 | jq -s -c '{n: length, sum: add, evens: map(select(. % 2 == 0)) | length, max: max}'
echo '{"a":{"b":[1,2,{"c":"deep"}]},"list":[3,1,2],"s":"Hello"}' > d.json
jq -r '.a.b[2].c, (.list | sort | join(",")), (.s | ascii_downcase), (keys | join(" "))' d.json
jq -c 'paths | map(tostring) | join(".")' d.json | head -n 4
jq -n -c '[range(0; 10)] | group_by(. % 3) | map({k: (.[0] % 3), v: .})'
jq -n -r '"a,b,c" | split(",") | map(ascii_upcase) | @csv'
jq -n -c '{"x": 1} * {"y": {"z": 2}} | to_entries | map(.key)'
jq -n '[limit(5; repeat(1))] | add'
echo '[{"key":"b","value":2},{"key":"a","value":1}]' | jq -c 'sort_by(.key) | from_entries'
echo '{"broken": ' | jq . > /dev/null 2>&1; echo "parse error status $?"
jq -e '.missing' d.json > /dev/null; echo "jq -e status $?"
