// placeholder until the CLI lands
console.error('calico-tls: not built yet');
process.exit(2);
