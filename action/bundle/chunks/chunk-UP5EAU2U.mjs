import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import i from"node:path";function a(s,r){let t=i.relative(s,r);return t&&!t.startsWith("..")&&!i.isAbsolute(t)?t:r}export{a};
