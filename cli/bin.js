#!/usr/bin/env node
// Entry point of `sagemaker-rstudio`. The sources are TypeScript; ts-node transpiles them without type checking
// (type checking happens in `npm test`).
"use strict";
require("ts-node").register({ transpileOnly: true, project: require("path").join(__dirname, "..", "tsconfig.json") });
const { runFromProcess } = require("./process");
runFromProcess();
