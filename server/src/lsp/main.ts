// placeholder until the language server lands
console.error('calico-tls-language-server: not built yet');
process.exit(2);
