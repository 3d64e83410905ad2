import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
var t='1 to 64 letters, digits, ".", "_" or "-"';function n(e){return/^[A-Za-z0-9._-]{1,64}$/.test(e)?void 0:`queue name must be ${t}`}export{n as a};
