// Injected first into every bundle by scripts/build.mjs: @peculiar/x509 uses tsyringe, which
// needs the Reflect metadata API at module load (cert-libraries.md §2d). @abraham/reflection
// is the 3 KB drop-in for reflect-metadata.
import '@abraham/reflection';
