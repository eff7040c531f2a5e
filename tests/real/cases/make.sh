# make -j2: a small dependency graph of shell recipes, then an up-to-date check and a rebuild of
# one changed input.
set -u
mkdir src
for i in 1 2 3 4 5 6; do seq 1 $((i * 100)) > src/in$i.txt; done
cat > Makefile <<'M'
INS := $(wildcard src/in*.txt)
SUMS := $(patsubst src/%.txt,out/%.sum,$(INS))
all: out/total.txt
out:
	mkdir -p out
out/%.sum: src/%.txt | out
	awk '{ s += $$1 } END { print FILENAME, s }' $< > $@
out/total.txt: $(SUMS)
	cat $(sort $^) | awk '{ t += $$2 } END { print "total", t }' > $@
.PHONY: all clean
clean:
	rm -rf out
M
make -j2 -s && cat out/total.txt && cat out/in3.sum
make -j2 all
sleep 1; seq 1 5 > src/in2.txt
make -j2 --no-print-directory | sort
cat out/total.txt
make -s clean; ls
make -j2 -s -k nosuchtarget 2>&1 | sed 's/^make: //'
echo "status ${PIPESTATUS[0]}"
