#!/usr/bin/env python3
"""Checks the package's layering; exits 1 naming every violation.

1. Package.swift's graph: `swift package dump-package`, each target may depend only on the targets and
   products ALLOWED names for it (a new edge is a reviewed change to ALLOWED below, not a side effect).
2. Imports: every `import M` in Sources/<target>/ and Tests/<target>/ names an allowed module (the allowed
   targets, their external products, the toolchain's modules).
3. Folders inside the core target: a file may use the declarations of its own folder and of lower folders only.
   Type names declared at the top level of each folder (and `static func`/`static let` names are not needed:
   a member is reached through its type) are looked up as whole words in the other folders' code, with comments
   and string literals removed.
usage: check-layers.py [package-root] [--known FILE]   (.ci/run runs it)
--known FILE: a ratchet for a change that cannot fix every problem at once (issue 17 used one while it moved the code
into targets; none is left). Problems listed in FILE (one per line, as this script prints them; line numbers are
ignored) are tolerated; a new one fails; a listed one that is gone is reported so the line can be deleted."""
import json, os, re, subprocess, sys, collections

args = sys.argv[1:]
KNOWN = None
if '--known' in args:
    i = args.index('--known'); KNOWN = args[i + 1]; del args[i:i + 2]
ROOT = args[0] if args else '.'
SYSTEM = {'Foundation', 'FoundationEssentials', 'FoundationNetworking', 'Glibc', 'Musl', 'Darwin', 'Dispatch',
          'Synchronization', 'Testing', 'XCTest', 'os'}
# target → the targets and products it may depend on (and so import)
ALLOWED = {
    'ImageFactorySupport': set(),
    'ImageFactoryYAML': {'ImageFactorySupport', 'Yams', 'CYaml'},
    'ImageFactoryDockerfile': {'ImageFactorySupport'},
    'ImageFactoryManifests': {'ImageFactoryYAML'},
    'ImageFactory': {'ImageFactorySupport', 'ImageFactoryYAML', 'ImageFactoryDockerfile', 'ImageFactoryManifests',
                     'Crypto', 'Mustache'},
    'ImageFactoryCLI': {'ImageFactory', 'ImageFactoryDockerfile', 'ArgumentParser'},
    # test support: plain targets under Tests/, in no product
    'TextGenerators': {'PropertyBased'},
    'YAMLTestSupport': {'ImageFactoryYAML', 'Yams'},
    'ImageFactoryTestSupport': {'ImageFactory', 'ImageFactoryManifests', 'ImageFactoryYAML', 'ImageFactoryDockerfile'},
    # tests mirror the targets
    'ImageFactorySupportTests': {'ImageFactorySupport', 'PropertyBased', 'TextGenerators'},
    'ImageFactoryYAMLTests': {'ImageFactoryYAML', 'ImageFactorySupport', 'YAMLTestSupport', 'Yams', 'PropertyBased', 'TextGenerators'},
    'ImageFactoryDockerfileTests': {'ImageFactoryDockerfile', 'ImageFactorySupport', 'PropertyBased', 'TextGenerators'},
    'ImageFactoryManifestsTests': {'ImageFactoryManifests', 'ImageFactoryYAML', 'YAMLTestSupport', 'PropertyBased', 'TextGenerators'},
    'ImageFactoryTests': {'ImageFactory', 'ImageFactoryManifests', 'ImageFactoryYAML', 'ImageFactoryDockerfile', 'ImageFactorySupport',
                          'ImageFactoryTestSupport', 'YAMLTestSupport', 'TextGenerators', 'Yams', 'Mustache', 'PropertyBased',
                          'InlineSnapshotTesting'},
    'ImageFactoryReferenceTests': {'ImageFactory', 'ImageFactoryManifests', 'ImageFactoryYAML', 'ImageFactoryDockerfile',
                                   'ImageFactoryTestSupport', 'Yams', 'InlineSnapshotTesting'},
    'ImageFactoryScriptTests': {'ImageFactory', 'ImageFactoryManifests', 'ImageFactoryYAML', 'ImageFactoryTestSupport', 'Yams',
                                'Mustache', 'InlineSnapshotTesting'},
    'ImageFactoryCLITests': {'ImageFactoryCLI', 'ImageFactory', 'ImageFactoryManifests', 'ImageFactoryDockerfile', 'ImageFactoryTestSupport',
                             'ArgumentParser'},
}
# modules a product brings that may be imported directly (CYaml comes with the Yams product)
IMPORTABLE_VIA = {'CYaml': 'Yams'}
# Folders of the core target, lowest first; files at the top of the target count as 'Pipeline'.
CORE, CORE_ORDER = 'ImageFactory', ['Diagnostics|Conventions', 'Templates', 'Load', 'Resolve', 'Plan', 'Render', 'Write', 'Explain', 'Pipeline']
# LAYERS_CORE_ORDER="Support,DSL,Load,..." checks another folder order (e.g. today's); LAYERS_ONLY_FOLDERS=1 skips 1 and 2
if os.environ.get('LAYERS_CORE_ORDER'): CORE_ORDER = os.environ['LAYERS_CORE_ORDER'].split(',')

problems = []
# 1. the manifest's graph
ONLY_FOLDERS = bool(os.environ.get('LAYERS_ONLY_FOLDERS'))
dump = {'targets': []} if ONLY_FOLDERS else json.loads(subprocess.run(['swift', 'package', '--package-path', ROOT, 'dump-package'], capture_output=True, text=True, check=True).stdout)
for target in dump['targets']:
    name = target['name']
    deps = set()
    for d in target.get('dependencies', []):
        for kind in ('byName', 'target', 'product'):
            if kind in d: deps.add(d[kind][0])
    if name not in ALLOWED:
        problems.append(f'Package.swift: target {name} is not in the layering (tools/check-layers.py ALLOWED)')
        continue
    extra = deps - ALLOWED[name]
    if extra: problems.append(f'Package.swift: {name} depends on {", ".join(sorted(extra))}, which the layering does not allow')
def strip(code):
    """Comments and string literals blanked out, line breaks kept (so line numbers stay right)."""
    keep = lambda m: '""' + '\n' * m.group(0).count('\n')
    code = re.sub(r'#"""[\s\S]*?"""#|"""[\s\S]*?"""', keep, code)
    code = re.sub(r'/\*[\s\S]*?\*/', keep, code)
    code = re.sub(r'//[^\n]*', '', code)
    return re.sub(r'#?"(?:[^"\\\n]|\\.)*"#?', '""', code)

# 2. imports
IMPORT = re.compile(r'^[ \t]*(?:@\w+[ \t]+)*(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+(?:(?:struct|enum|class|func|var|protocol)\s+)?(\w+)', re.M)
for base in ('Sources', 'Tests'):
    for target in ([] if ONLY_FOLDERS else sorted(os.listdir(os.path.join(ROOT, base)))):
        folder = os.path.join(ROOT, base, target)
        if not os.path.isdir(folder) or target not in ALLOWED: continue
        for dirpath, _, names in os.walk(folder):
            for n in names:
                if not n.endswith('.swift'): continue
                path = os.path.join(dirpath, n)
                text = strip(open(path, encoding='utf-8').read())   # no imports inside string literals (scripts)
                for m in IMPORT.finditer(text):
                    module = m.group(1)
                    if module in SYSTEM or module == target: continue
                    if module in ALLOWED[target] or IMPORTABLE_VIA.get(module) in ALLOWED[target]: continue
                    line = text[:m.start()].count('\n') + 1
                    problems.append(f'{os.path.relpath(path, ROOT)}:{line}: {target} imports {module}, which the layering does not allow')
# 3. folders inside the core target
core = os.path.join(ROOT, 'Sources', CORE)
rank = {}
for i, group in enumerate(CORE_ORDER):
    for f in group.split('|'): rank[f] = i
if os.path.isdir(core):
    declared = collections.defaultdict(set)   # folder → type names
    files = []
    DECL = re.compile(r'^(?:\s*@\w+(?:\([^)]*\))?\s*)*(?:public |package |internal |fileprivate |private )?(?:final |indirect )?(?:struct|enum|class|protocol|actor|typealias)\s+(\w+)', re.M)
    for dirpath, _, names in os.walk(core):
        for n in names:
            if n.endswith('.swift'):
                path = os.path.join(dirpath, n); rel = os.path.relpath(path, core)
                folder = rel.split(os.sep)[0] if os.sep in rel else 'Pipeline'
                code = strip(open(path, encoding='utf-8').read())
                files.append((path, folder, code))
                if not re.search(r'^\s', code[:0]):
                    for m in DECL.finditer(code):
                        # top level only: no indentation before the keyword
                        if not code[code.rfind('\n', 0, m.start()) + 1:m.start()].strip() and not code[m.start():m.start() + 1].isspace():
                            declared[folder].add(m.group(1))
    for path, folder, code in files:
        if folder not in rank:
            problems.append(f'{os.path.relpath(path, ROOT)}: folder {folder} is not in the core layering (CORE_ORDER)'); continue
        for other, names in declared.items():
            if other == folder or other not in rank or rank[other] <= rank[folder]: continue
            for name in sorted(names):
                m = re.search(r'(?<![\w.])' + re.escape(name) + r'\b', code)
                if m:
                    line = code[:m.start()].count('\n') + 1
                    problems.append(f'{os.path.relpath(path, ROOT)}:~{line}: {folder} uses {name} of {other}, a higher folder')
def key(p): return re.sub(r':~?\d+:', ':', p)
if KNOWN:
    known = {key(l.rstrip('\n')) for l in open(KNOWN) if l.strip()}
    new = [p for p in problems if key(p) not in known]
    gone = sorted(known - {key(p) for p in problems})
    for p in new: print(p)
    for g in gone: print(f'fixed (delete from {KNOWN}): {g}')
    print(f'check-layers: {len(new)} new problem(s), {len(problems) - len(new)} known, {len(gone)} fixed', file=sys.stderr)
    sys.exit(1 if new else 0)
for p in problems: print(p)
print(f'check-layers: {len(problems)} problem(s)', file=sys.stderr)
sys.exit(1 if problems else 0)
