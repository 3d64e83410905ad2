import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-3UIDKWCN.mjs";import"./chunk-6MKJCL72.mjs";export{d as escapeAnnotationData,e as escapeAnnotationProperty,b as escapeMarkdownCell,a as escapeTerminal,c as escapeXml};
