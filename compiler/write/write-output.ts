/**
 * Writes a build's files into a fresh folder beside the target and swaps it
 * in whole: until the swap the previous output is untouched, and a failure
 * before it leaves no trace.
 */

import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import type { OutputFile } from "../emit/source-printer.js";

export async function writeOutput(outDir: string, files: OutputFile[]): Promise<void> {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  const suffix = randomBytes(4).toString("hex");
  const staging = path.join(parent, `.${path.basename(target)}.staging-${suffix}`);
  const retired = path.join(parent, `.${path.basename(target)}.previous-${suffix}`);

  await mkdir(parent, { recursive: true });
  try {
    await writeFiles(staging, files);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  await swap(target, staging, retired);
}

async function writeFiles(root: string, files: OutputFile[]): Promise<void> {
  const folders = new Set(files.map((f) => path.dirname(path.join(root, f.path))));
  for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });

  for (const file of files) {
    await writeFile(path.join(root, file.path), file.content);
  }
}

/**
 * Two renames: the old output steps aside, the new one steps in. If the
 * second fails the old one is put back.
 */
async function swap(target: string, staging: string, retired: string): Promise<void> {
  const hadPrevious = await rename(target, retired).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );

  try {
    await rename(staging, target);
  } catch (error) {
    if (hadPrevious) await rename(retired, target);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  if (hadPrevious) await rm(retired, { recursive: true, force: true });
}
