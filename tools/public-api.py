#!/usr/bin/env python3
"""Lists each library target's public declarations into api/<target>.txt, or with --check fails when the lists
in the repository differ from the code: a widened (or narrowed) API is then a visible change of api/, reviewed
with the code. A declaration is a line whose first keyword is `public` (after attributes), as written, without
its body; entries are `file: declaration`, sorted.
usage: public-api.py [--check] [package-root]"""
import os, re, sys

args = sys.argv[1:]
check = '--check' in args
args = [a for a in args if a != '--check']
root = args[0] if args else '.'
TARGETS = ['ImageFactory', 'ImageFactoryManifests', 'ImageFactoryYAML', 'ImageFactorySupport', 'ImageFactoryDockerfile']
PUBLIC = re.compile(r'^\s*((?:@[A-Za-z]+(?:\([^)]*\))?\s+)*public\b.*)$')
failed = False
for target in TARGETS:
    folder = os.path.join(root, 'Sources', target)
    if not os.path.isdir(folder): continue
    entries = []
    for dirpath, _, names in os.walk(folder):
        for name in names:
            if not name.endswith('.swift'): continue
            path = os.path.join(dirpath, name)
            for line in open(path, encoding='utf-8'):
                m = PUBLIC.match(line)
                if m:
                    declaration = re.sub(r'\s*\{.*$', '', m.group(1)).rstrip()
                    entries.append(f'{os.path.relpath(path, folder)}: {declaration}')
    text = ''.join(f'{e}\n' for e in sorted(entries))
    listing = os.path.join(root, 'api', f'{target}.txt')
    if check:
        current = open(listing, encoding='utf-8').read() if os.path.exists(listing) else ''
        if current != text:
            print(f'{listing} is not the public API of {target}: run `python3 tools/public-api.py` and review the diff', file=sys.stderr)
            failed = True
    else:
        os.makedirs(os.path.dirname(listing), exist_ok=True)
        open(listing, 'w', encoding='utf-8').write(text)
    print(f'{target}: {len(entries)} public declarations', file=sys.stderr)
sys.exit(1 if failed else 0)
