import { loadServerPorts, unmountAll } from './helpers.js';

// Every test starts with no element of a previous one still connected.
afterEach(unmountAll);

before(loadServerPorts);
