// The executable's entry: bin/streamprep.js imports this.
import { main } from './main.js';

await main(process.argv);
