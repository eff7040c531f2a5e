# openssl and coreutils digests: hashes, HMAC, AES encrypt/decrypt round trips with a fixed salt
# (so the ciphertext is fixed), base64, random bytes, an RSA key's sign/verify.
set -u
seq 1 100000 > m.txt
openssl dgst -sha256 m.txt | sed 's/.*= //'
sha256sum m.txt | cut -d' ' -f1
openssl dgst -sha512 -r m.txt | cut -c1-64
openssl dgst -sha3-256 -r m.txt | cut -c1-64
openssl dgst -md5 -r m.txt | cut -c1-32; md5sum m.txt | cut -c1-32
b2sum m.txt | cut -c1-32; sha1sum m.txt | cut -c1-40
openssl dgst -sha256 -hmac secretkey -r m.txt | cut -c1-64
for c in aes-256-cbc aes-128-ctr chacha20; do
  openssl enc -$c -pbkdf2 -iter 1000 -S 0102030405060708 -pass pass:qelt -in m.txt -out m.enc
  echo "$c $(sha256sum < m.enc | cut -c1-16) $(openssl enc -d -$c -pbkdf2 -iter 1000 -S 0102030405060708 -pass pass:qelt -in m.enc | cmp - m.txt && echo roundtrip-ok)"
done
printf 'qelt runs riscv64' | openssl base64 -A; echo; printf 'qelt runs riscv64' | base64
echo cWVsdA== | openssl base64 -d; echo
openssl rand -hex 32 | tr -d '\n' | wc -c
openssl genpkey -algorithm ed25519 -out k.pem 2>/dev/null && openssl pkey -in k.pem -pubout -out pub.pem
openssl pkeyutl -sign -inkey k.pem -rawin -in m.txt -out sig 2>/dev/null
openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in m.txt -sigfile sig
openssl genrsa -out r.pem 2048 2>/dev/null && openssl dgst -sha256 -sign r.pem -out r.sig m.txt && \
  openssl dgst -sha256 -verify <(openssl rsa -in r.pem -pubout 2>/dev/null) -signature r.sig m.txt
openssl prime 1000000007 | sed 's/.*) //'
