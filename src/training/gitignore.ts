// .gitignore rules for a whole folder tree: each file's rules apply below the folder that holds it,
// the way git reads them. Paths are '/'-separated and relative to the workspace folder.
import ignore, { type Ignore } from 'ignore';

export class GitignoreRules {
  private readonly byDir: { dir: string; rules: Ignore }[] = [];

  /** Adds the content of `<dir>/.gitignore` (dir '' is the root; `.git/info/exclude` also goes at ''). */
  add(dir: string, content: string): void {
    const clean = dir.replace(/^\/+|\/+$/g, '');
    this.byDir.push({ dir: clean, rules: ignore().add(content) });
    // Deeper files win over shallower ones when git decides; checking shallow first lets them be overridden.
    this.byDir.sort((a, b) => a.dir.split('/').length - b.dir.split('/').length || a.dir.localeCompare(b.dir));
  }

  /** Whether `path` (relative to the root) is ignored by any rule file above it. */
  ignores(path: string): boolean {
    let ignored = false;
    for (const { dir, rules } of this.byDir) {
      if (dir !== '' && !path.startsWith(dir + '/')) continue;
      const rel = dir === '' ? path : path.slice(dir.length + 1);
      const r = rules.test(rel);
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  }
}
