export async function runUiTest() { throw new Error('not written yet'); }
