#!/usr/bin/env node
import '../dist/bundle/streamprep.mjs';
