#!/usr/bin/env python3
"""Regenerates the ingest corpus (and its test keys) with GnuPG: python3 make_corpus.py"""
import base64, tempfile, os, subprocess, json, quopri, hashlib
D=os.path.dirname(os.path.abspath(__file__))
K=D+'/keys'
G=tempfile.mkdtemp()
def gpg(home, args, inp=None):
    r=subprocess.run(['gpg','--homedir',home,'--batch','--pinentry-mode','loopback','--passphrase','']+args,input=inp,capture_output=True)
    if r.returncode not in (0,2): raise SystemExit(r.stderr.decode())
    return r.stdout
def mkkey(name, uid):
    home=f'{G}/{name}'; os.makedirs(home, mode=0o700, exist_ok=True)
    gpg(home,['--quick-gen-key',uid,'ed25519','sign','never'])
    fpr=[l.split(':')[9] for l in gpg(home,['--with-colons','--list-keys',uid]).decode().splitlines() if l.startswith('fpr')][0]
    gpg(home,['--quick-add-key',fpr,'cv25519','encr','never'])
    return home,fpr
coord_home,coord_fpr=mkkey('coord','cvdhub test coordinator <cvd@coordinator.example>')
finder_home,finder_fpr=mkkey('finder','Test Finder <finder@example.jp>')
other_home,other_fpr=mkkey('other','Someone Else <other@example.org>')
open(K+'/coordinator-secret.asc','wb').write(gpg(coord_home,['--armor','--export-secret-keys',coord_fpr]))
open(K+'/finder-public.asc','wb').write(gpg(finder_home,['--armor','--export',finder_fpr]))
coord_pub=gpg(coord_home,['--armor','--export',coord_fpr]); other_pub=gpg(other_home,['--armor','--export',other_fpr])
gpg(finder_home,['--import'],coord_pub); gpg(finder_home,['--import'],other_pub)
def enc(to_fpr, data, sign=True):
    a=['--armor','--trust-model','always','--recipient',to_fpr]
    if sign: a=['--local-user',finder_fpr,'--sign']+a
    return gpg(finder_home,a+['--encrypt'],data)
def b64(b): return base64.encodebytes(b).replace(b'\n',b'\r\n')
def crlf(s): return s.replace(b'\r\n',b'\n').replace(b'\n',b'\r\n')
def ew(text, cs='UTF-8'):
    return '=?%s?B?%s?=' % (cs, base64.b64encode(text.encode(cs if cs!='ISO-2022-JP' else 'iso2022_jp')).decode())
files=[]
def out(name, data, expect):
    open(f'{D}/{name}','wb').write(data); files.append({'file':name,'expect':expect})
H=lambda frm,to,subj,mid,extra=b'': (b'From: '+frm+b'\r\nTo: '+to+b'\r\nSubject: '+subj+b'\r\nMessage-ID: <'+mid+b'>\r\nDate: Mon, 01 Jun 2026 10:00:00 +0900\r\nMIME-Version: 1.0\r\n'+extra)
FINDER=b'Test Finder <finder@example.jp>'
# 01 classic Japanese mail, ISO-2022-JP, to the intake address
body='ＩＰＡ御中\n\n製品名: サンプルルーター\nバージョン: 2.0.1\n発見方法: ファームウェアの解析\n\n管理画面にOSコマンドインジェクションがあります。\n'
out('01-intake-iso2022jp.eml', H(ew('山田 太郎','ISO-2022-JP').encode()+b' <yamada@finder.example>',b'vuln@ipa.example',ew('脆弱性関連情報の届出（ルーター）','ISO-2022-JP').encode(),b'01@finder.example')+b'Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n'+crlf(body.encode('iso2022_jp')),
    {'disposition':'report','subject':'脆弱性関連情報の届出（ルーター）','from_name':'山田 太郎','body_includes':['OSコマンドインジェクション'],'report':{'product_name':'サンプルルーター','product_version':'2.0.1','discovery_method':'ファームウェアの解析','language':'ja'}})
# 02 Shift_JIS (CP932 ①) multipart with an attachment named in RFC 2231
text='再現手順は添付のとおりです。\n①ログインする\n②設定画面を開く\n'.encode('cp932')
att=b'<html><script>alert(1)</script></html>\n'
m=H(b'=?Shift_JIS?B?'+base64.b64encode('佐藤'.encode('cp932'))+b'?= <sato@finder.example>',b'IPA <vuln@ipa.example>',b'=?Shift_JIS?B?'+base64.b64encode('XSSの報告'.encode('cp932'))+b'?=',b'02@finder.example')
m+=b'Content-Type: multipart/mixed; boundary="mixed-02"\r\n\r\nThis is a multi-part message in MIME format.\r\n--mixed-02\r\nContent-Type: text/plain; charset="Shift_JIS"\r\nContent-Transfer-Encoding: base64\r\n\r\n'+b64(crlf(text))
m+=b'--mixed-02\r\nContent-Type: text/html; name="poc.html"\r\nContent-Disposition: attachment; filename*=UTF-8\'\'%E5%86%8D%E7%8F%BE.html\r\nContent-Transfer-Encoding: base64\r\n\r\n'+b64(att)+b'--mixed-02--\r\n'
out('02-intake-sjis-attachment.eml',m,{'disposition':'report','subject':'XSSの報告','body_includes':['①ログインする','②設定画面を開く'],'report_attachments':[{'filename':'再現.html','sha256':hashlib.sha256(att).hexdigest()}]})
# 03 HTML only, quoted-printable UTF-8
html='<html><head><style>p{color:red}</style></head><body><p>Hello,</p><p>There is a <b>stored XSS</b> in ExampleCMS&nbsp;4.2 &amp; later.</p><script>evil()</script></body></html>'
m=H(b'jane@researcher.example',b'vuln@ipa.example',b'Stored XSS in ExampleCMS',b'03@researcher.example')+b'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'+crlf(quopri.encodestring(html.encode()))
out('03-intake-html-only.eml',m,{'disposition':'report','subject':'Stored XSS in ExampleCMS','body_includes':['stored XSS in ExampleCMS 4.2 & later'],'body_excludes':['evil()','color:red','<b>'],'report':{'language':'en'}})
# 04 raw 8-bit Shift_JIS subject (no RFC 2047), EUC-JP body
m=H(b'kimura@finder.example',b'vuln@ipa.example','未エンコードの件名'.encode('cp932'),b'04@finder.example')+b'Content-Type: text/plain; charset=EUC-JP\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'+crlf('EUC-JPの本文です。\n'.encode('euc_jp'))
out('04-intake-raw-8bit-headers.eml',m,{'disposition':'report','subject':'未エンコードの件名','body_includes':['EUC-JPの本文です。']})
# 05 reply by In-Reply-To, multipart/alternative
m=H(FINDER,b'cvd@coordinator.example',b'Re: thanks',b'05@example.jp',b'In-Reply-To: {{ACK_ID}}\r\nReferences: {{ACK_ID}}\r\n')
m+=b'Content-Type: multipart/alternative; boundary="alt05"\r\n\r\n--alt05\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'+crlf('追加の情報です。影響バージョンは 4.2.0 以降です。\n'.encode())+b'--alt05\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML version</p>\r\n--alt05--\r\n'
out('05-reply-in-reply-to.eml',m,{'disposition':'report_reply','body_includes':['影響バージョンは 4.2.0 以降です。'],'body_excludes':['HTML version']})
# 06 reply matched by the identifier in the subject, ISO-2022-JP with NEC ①
jis=b'\x1b$B-!-"\x1b(B OK\r\n'
m=H(FINDER,b'cvd@coordinator.example',b'Re: [{{INTAKE}}] '+ew('受領確認','ISO-2022-JP').encode(),b'06@example.jp')+b'Content-Type: text/plain; charset=iso-2022-jp\r\n\r\n'+jis
out('06-reply-subject-identifier-nec.eml',m,{'disposition':'report_reply','body_includes':['①② OK']})
# 07 PGP/MIME encrypted to the coordinator, signed by the finder
inner=crlf('Content-Type: multipart/mixed; boundary="in07"\n\n--in07\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n暗号化した追加情報です。\n--in07\nContent-Type: application/octet-stream; name="exploit.py"\nContent-Disposition: attachment; filename="exploit.py"\nContent-Transfer-Encoding: base64\n\ncHJpbnQoJ3BvYycpCg==\n--in07--\n'.encode())
armored=enc(coord_fpr, inner)
m=H(FINDER,b'cvd@coordinator.example',b'Re: [{{INTAKE}}] ...',b'07@example.jp')+b'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc07"\r\n\r\n--enc07\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n--enc07\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\n\r\n'+crlf(armored)+b'\r\n--enc07--\r\n'
out('07-reply-pgpmime-encrypted-signed.eml',m,{'disposition':'report_reply','encrypted':True,'signature':'valid','body_includes':['暗号化した追加情報です。'],'report_attachments':[{'filename':'exploit.py','sha256':hashlib.sha256(b"print('poc')\n").hexdigest()}]})
# 08 inline PGP encrypted (no signature)
armored=enc(coord_fpr,'インラインPGPで暗号化しました。\n'.encode(),sign=False)
m=H(FINDER,b'cvd@coordinator.example',b'Re: [{{INTAKE}}] inline',b'08@example.jp')+b'Content-Type: text/plain; charset=us-ascii\r\n\r\n'+crlf(armored)
out('08-reply-inline-pgp.eml',m,{'disposition':'report_reply','encrypted':True,'signature':'none','body_includes':['インラインPGPで暗号化しました。'],'body_excludes':['BEGIN PGP']})
# 09 inline clear-signed
signed=gpg(finder_home,['--local-user',finder_fpr,'--clearsign'],'Clear-signed statement: the issue is fixed in 4.2.2.\n'.encode())
m=H(FINDER,b'cvd@coordinator.example',b'Re: [{{INTAKE}}] signed',b'09@example.jp')+b'Content-Type: text/plain; charset=utf-8\r\n\r\n'+crlf(signed)
out('09-reply-inline-clearsigned.eml',m,{'disposition':'report_reply','signature':'valid','body_includes':['the issue is fixed in 4.2.2.'],'body_excludes':['BEGIN PGP']})
# 10/11 PGP/MIME signed, and the same with the text changed after signing
part=crlf(b'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\n\nSigned PGP/MIME reply.\n')
sig=gpg(finder_home,['--local-user',finder_fpr,'--armor','--detach-sign','--digest-algo','SHA256'],part)
def signed_mail(mid, p):
    return H(FINDER,b'cvd@coordinator.example',b'Re: [{{INTAKE}}] pgp/mime signed',mid)+b'Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="sig10"\r\n\r\n--sig10\r\n'+p+b'\r\n--sig10\r\nContent-Type: application/pgp-signature; name="signature.asc"\r\n\r\n'+crlf(sig)+b'\r\n--sig10--\r\n'
out('10-reply-pgpmime-signed.eml',signed_mail(b'10@example.jp',part),{'disposition':'report_reply','signature':'valid','body_includes':['Signed PGP/MIME reply.']})
out('11-reply-pgpmime-signed-tampered.eml',signed_mail(b'11@example.jp',part.replace(b'Signed',b'Forged')),{'disposition':'report_reply','signature':'invalid','body_includes':['Forged PGP/MIME reply.']})
# 12 encrypted to somebody else's key
armored=enc(other_fpr,b'not for you\n',sign=False)
m=H(FINDER,b'vuln@ipa.example',b'encrypted to the wrong key',b'12@example.jp')+b'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc12"\r\n\r\n--enc12\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n--enc12\r\nContent-Type: application/octet-stream\r\n\r\n'+crlf(armored)+b'\r\n--enc12--\r\n'
out('12-encrypted-to-another-key.eml',m,{'disposition':'quarantined','reason':'cannot_decrypt'})
# 13 broken MIME: no closing boundary, broken base64, an unknown charset, an unnamed attachment
m=H(b'broken@mailer.example',b'vuln@ipa.example',b'=?x-unknown?B?6ISG5byx5oCn?= broken',b'13@mailer.example')+b'Content-Type: multipart/mixed; boundary="b13"\r\n\r\n--b13\r\nContent-Type: text/plain; charset=x-mac-unknown\r\nContent-Transfer-Encoding: base64\r\n\r\n'+base64.b64encode('壊れたMIMEの本文'.encode())[:-3]+b'!!@@\r\n--b13\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n'
out('13-broken-mime.eml',m,{'disposition':'report','subject':'脆弱性 broken','body_includes':['壊れたMIME']})
# 14 garbage
out('14-garbage.eml',bytes(range(256))*4,{'disposition':'quarantined','reason':'unparseable'})
# 15 DSN for a message we sent / 16 for one we never sent
def dsn(mid, orig):
    return H(b'Mail Delivery System <MAILER-DAEMON@mx.vendor.example>',b'cvd@coordinator.example',b'Undelivered Mail Returned to Sender',mid,b'Auto-Submitted: auto-replied\r\n')+b'Content-Type: multipart/report; report-type=delivery-status; boundary="r15"\r\n\r\n--r15\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThis is the mail system at host mx.vendor.example.\r\n\r\n--r15\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.vendor.example\r\nArrival-Date: Mon,  1 Jun 2026 10:00:00 +0900 (JST)\r\n\r\nFinal-Recipient: rfc822; psirt@vendor.example\r\nOriginal-Recipient: rfc822;psirt@vendor.example\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx2.vendor.example\r\nDiagnostic-Code: smtp; 550 5.1.1 <psirt@vendor.example>: Recipient address\r\n    rejected: User unknown in virtual mailbox table\r\n\r\n--r15\r\nContent-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: cvdhub <cvd@coordinator.example>\r\nTo: psirt@vendor.example\r\nMessage-ID: '+orig+b'\r\nSubject: x\r\n\r\n--r15--\r\n'
out('15-dsn-for-our-message.eml',dsn(b'15@mx.vendor.example',b'{{VENDOR_MSG_ID}}'),{'disposition':'bounce','outbox_status':'bounced'})
out('16-dsn-for-unknown-message.eml',dsn(b'16@mx.vendor.example',b'<never-sent@elsewhere.example>'),{'disposition':'quarantined','reason':'unknown_bounce'})
# 17 not a reply, not to the intake address
out('17-not-for-intake.eml',H(b'spam@bulk.example',b'someone@ipa.example',b'Cheap watches',b'17@bulk.example')+b'Content-Type: text/plain\r\n\r\nBuy now\r\n',{'disposition':'quarantined','reason':'unmatched'})
# 18 a vendor's reply to a case notice
m=H(b'Vendor PSIRT <psirt@vendor.example>',b'cvd@coordinator.example',b'RE: [{{CASE}}] details',b'18@vendor.example',b'In-Reply-To: {{VENDOR_MSG_ID}}\r\n')+b'Content-Type: multipart/mixed; boundary="b18"\r\n\r\n--b18\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWe confirm the issue and plan a fix.\r\n--b18\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="investigation.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b18--\r\n'
out('18-vendor-case-reply.eml',m,{'disposition':'case_reply','body_includes':['We confirm the issue'],'inbound_attachments':[{'filename':'investigation.pdf','sha256':hashlib.sha256(b'%PDF-1.4\n').hexdigest()}]})
# 19 an out-of-office reply that answers nothing
out('19-auto-reply.eml',H(b'away@example.org',b'vuln@ipa.example',b'Out of office',b'19@example.org',b'Auto-Submitted: auto-replied\r\n')+b'Content-Type: text/plain\r\n\r\nI am away.\r\n',{'disposition':'quarantined','reason':'auto_reply'})
# 20 a stranger uses the intake number: not a party
out('20-stranger-uses-identifier.eml',H(b'mallory@evil.example',b'cvd@coordinator.example',b'Re: [{{INTAKE}}] let me in',b'20@evil.example')+b'Content-Type: text/plain\r\n\r\nhi\r\n',{'disposition':'quarantined','reason':'sender_not_party'})
json.dump({'about':'Ingest corpus for tests/http/mail_ingest.test.mjs. {{INTAKE}}, {{ACK_ID}}, {{CASE}} and {{VENDOR_MSG_ID}} are replaced by the test. The keys in keys/ are test keys made for this corpus only.','messages':files},open(f'{D}/corpus.json','w'),ensure_ascii=False,indent=1)
print(len(files))
