import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-5A3PGGDH.mjs";import"./chunk-2WIVS27X.mjs";import"./chunk-6MKJCL72.mjs";export{b as DEFAULT_QUEUE,a as JOB_NAME,d as jobIdFor,g as parseWorkerName,e as redactUrl,c as validateJobData,f as workerName};
