# A "#!" script run by the guest: its interpreter (/bin/sh) is the guest's (the sysroot's riscv64
# dash under -L), so what the script starts is a guest program too.
set -u
printf '#!/bin/sh\necho "script: $(uname -m)"\nexec python3 -c "import os; print(\\"child:\\", os.uname().machine)"\n' > s.sh
chmod +x s.sh
./s.sh
echo "status $?"
python3 -c 'import subprocess; print(subprocess.run(["./s.sh"], capture_output=True, text=True).stdout, end="")'
printf '#!/usr/bin/env python3\nimport platform; print("env-script:", platform.machine())\n' > p.py
chmod +x p.py && ./p.py
