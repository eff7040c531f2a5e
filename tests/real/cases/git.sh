# git: init, commits with fixed dates (so the hashes are fixed), branch, merge, tag, log, diff,
# and a repack.
set -u
export GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=Tester \
       GIT_COMMITTER_EMAIL=t@example.org GIT_CONFIG_NOSYSTEM=1 GIT_PAGER=cat
d=1700000000
commit() { GIT_AUTHOR_DATE="@$d +0000" GIT_COMMITTER_DATE="@$d +0000" git commit -q -m "$1"; d=$((d + 60)); }
git init -q -b main repo && cd repo
git config user.useConfigOnly false
printf 'one\ntwo\nthree\n' > a.txt; seq 1 50 > b.txt
git add . && commit first
sed -i 's/two/TWO/' a.txt && git add a.txt && commit second
git checkout -q -b feature
echo feature >> b.txt && git commit -q -a -m x --dry-run > /dev/null; git add b.txt; commit feature-work
git checkout -q main
echo main > c.txt && git add c.txt && commit main-work
GIT_AUTHOR_DATE="@$d +0000" GIT_COMMITTER_DATE="@$d +0000" git merge -q --no-edit feature
git tag -a v1 -m "version 1" 2>/dev/null || GIT_COMMITTER_DATE="@$d +0000" git tag v1
git log --format='%h %an %s' --graph
git rev-parse HEAD HEAD~1 'HEAD^2'
git diff --stat HEAD~2 HEAD
git show HEAD~3:a.txt
git status --porcelain; echo untracked > u.txt; git status --porcelain
git ls-files | xargs cat | sha256sum | cut -c1-16
git gc -q && git count-objects -v | grep -E '^(count|in-pack|packs)'
git fsck --no-progress 2>&1 | grep -v '^Checking' || true
git log --oneline | wc -l
