#!/bin/bash
# Remakes the golden vectors with OpenSSL 3.0's CMP client and in-process mock server (see README.md).
set -euo pipefail
ec() { openssl ecparam -name prime256v1 -genkey -noout -out "$1"; }
ec ca.key; openssl req -x509 -new -key ca.key -subj "/CN=Gold CA" -days 3650 -out ca.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
ec srv.key; openssl req -new -key srv.key -subj "/CN=Gold CMP Server" | openssl x509 -req -CA ca.pem -CAkey ca.key -set_serial 2 -days 3650 -out srv.pem
ec old.key; openssl req -new -key old.key -subj "/CN=Zhang San/O=Unit" | openssl x509 -req -CA ca.pem -CAkey ca.key -set_serial 0x1234 -days 365 -out old.pem
ec new.key; openssl pkey -in new.key -pubout -out new.pub
openssl x509 -new -force_pubkey new.pub -subj "/CN=Zhang San/O=Unit" -CA ca.pem -CAkey ca.key -set_serial 0x1234 -days 365 -out rsp.pem
openssl req -new -key new.key -subj "/CN=Zhang San/O=Unit" -out csr.pem
M="-use_mock_srv -srv_cert srv.pem -srv_key srv.key -srv_trusted ca.pem -trusted ca.pem -cert old.pem -key old.key -certout o.pem -rsp_cert rsp.pem"
openssl cmp $M -cmd kur -newkey new.key -reqout kur-req.der,kur-certconf.der -rspout kur-rsp.der,kur-pkiconf.der
openssl cmp $M -cmd ir -newkey new.key -subject "/CN=Zhang San/O=Unit" -poll_count 1 -check_after 0 \
  -reqout ir-req.der,ir-pollreq.der,ir-certconf.der -rspout ir-rsp-waiting.der,ir-ip-final.der,ir-pkiconf.der
openssl cmp $M -cmd kur -newkey new.key -poll_count 2 -check_after 1 \
  -reqout poll-kur.der,poll-pollreq1.der,poll-pollreq2.der,poll-certconf.der \
  -rspout poll-kup-waiting.der,poll-pollrep.der,poll-kup.der,poll-pkiconf.der
openssl cmp $M -cmd p10cr -csr csr.pem -reqout p10cr-req.der,p10cr-certconf.der -rspout p10cr-rsp.der,p10cr-pkiconf.der
openssl cmp $M -cmd genm -reqout genm-req.der -rspout genm-rsp.der
openssl cmp $M -cmd cr -newkey new.key -subject "/CN=Zhang San/O=Unit" -implicit_confirm -grant_implicitconf -reqout cr-req.der -rspout cr-rsp.der
openssl cmp $M -cmd rr -oldcert rsp.pem -reqout rr-req.der -rspout rr-rsp.der
openssl cmp $M -cmd kur -newkey new.key -send_error -reqout err-req.der -rspout err-rsp.der || true
openssl cmp $M -cmd kur -newkey new.key -pkistatus 2 -failurebits 0x200000 -statusstring nope -reqout rej-req.der -rspout rej-rsp.der || true
P="-use_mock_srv -srv_ref 1234 -srv_secret pass:s3cret -rsp_cert rsp.pem -ref 1234 -secret pass:s3cret -certout o.pem"
openssl cmp $P -cmd ir -newkey new.key -subject "/CN=Zhang San" -reqout mac-ir-req.der,mac-certconf.der -rspout mac-ip-rsp.der,mac-pkiconf.der
openssl cmp $P -mac hmacWithSHA256 -cmd genm -reqout mac-genm-req.der -rspout mac-genp-rsp.der
rm -f ca.key srv.key old.key new.key o.pem
