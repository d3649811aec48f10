// Versions Elanus reports: its own, and the Milvus release whose behaviour it follows (clients
// read the latter from Connect and GetVersion to decide which features the server has).
export const ELANUS_VERSION = '0.1.0';
export const MILVUS_COMPAT_VERSION = 'v2.6.12';
