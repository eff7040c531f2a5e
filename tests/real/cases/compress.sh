# Compression round trips (xz, zstd, gzip, bzip2, tar with each) checked by checksums.
set -u
seq 1 50000 | awk '{ print $1, $1 * 31 % 977, "row" }' > data.txt
head -c 100000 /dev/zero | tr '\0' 'q' >> data.txt
orig=$(sha256sum < data.txt | cut -c1-32); echo "orig $orig $(wc -c < data.txt)"
for z in "xz -T2" "xz -9" "zstd -q -T2" "zstd -q -19" "gzip" "gzip -9" "bzip2"; do
  set -- $z
  $z -c data.txt > data.z
  case $1 in xz) d="xz -dc" ;; zstd) d="zstd -qdc" ;; gzip) d="gzip -dc" ;; bzip2) d="bzip2 -dc" ;; esac
  got=$($d data.z | sha256sum | cut -c1-32)
  small=no; [ $(wc -c < data.z) -lt $(wc -c < data.txt) ] && small=yes
  echo "$z: roundtrip $([ "$got" = "$orig" ] && echo ok || echo BAD) smaller $small"
done
xz -t data.z 2>/dev/null; echo "xz -t on bzip2 data: status $?"
mkdir -p tree/sub && cp data.txt tree/ && echo hi > tree/sub/h.txt && ln -s ../data.txt tree/sub/link
for f in "-J" "--zstd" "-z" "-j"; do
  tar -c $f -f t.tar --sort=name --owner=0 --group=0 --mtime=@0 tree
  rm -rf x && mkdir x && tar -x $f -f t.tar -C x
  echo "tar $f: $(cd x && find . | sort | tr '\n' ' ') $(sha256sum < x/tree/data.txt | cut -c1-8) $(readlink x/tree/sub/link)"
done
tar -tvf t.tar | awk '{ print $1, $3, $6 }' | sort
gzip -c data.txt | gzip -dc | cmp - data.txt && echo "pipe ok"
echo "zstd list: $(zstd -q -c data.txt | zstd -qdc | wc -l)"
