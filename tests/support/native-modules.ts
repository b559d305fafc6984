import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Can this machine compile a shared library (Linux with a C compiler)? */
export const canCompileNativeModule = (() => {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * A real native module, as a build for another runtime would be: it registers itself with
 * NODE_MODULE_VERSION 115 (Node 20), so loading it where another version is needed fails with
 * Node's own message, exactly as a better-sqlite3 built for the wrong runtime would.
 */
export function moduleBuiltForAnotherRuntime(folder: string, version = 115): string {
  const source = join(folder, 'other-runtime.c');
  const out = join(folder, 'other-runtime.node');
  writeFileSync(
    source,
    `struct node_module { int nm_version; unsigned int nm_flags; void *nm_dso_handle; const char *nm_filename;
  void *nm_register_func; void *nm_context_register_func; const char *nm_modname; void *nm_priv; struct node_module *nm_link; };
extern void node_module_register(void *);
static struct node_module m = { ${version}, 0, 0, "other-runtime.c", 0, 0, "other_runtime", 0, 0 };
__attribute__((constructor)) static void announce(void) { node_module_register(&m); }
`,
  );
  execFileSync('gcc', ['-shared', '-fPIC', '-o', out, source, '-Wl,--unresolved-symbols=ignore-all']);
  return out;
}
