// validate-cyclonedx.js FILE... - validate CycloneDX 1.6 JSON documents with
// @cyclonedx/cyclonedx-library's strict JSON validator (the schema with
// additionalProperties false everywhere, as Dependency-Track's importer
// expects).  Exit 0 when all are valid, 1 with the errors otherwise, 2 usage.
'use strict'
const fs = require('fs')
const { Spec, Validation } = require('@cyclonedx/cyclonedx-library')

async function main (files) {
  if (files.length === 0) {
    console.error('usage: node validate-cyclonedx.js FILE...')
    return 2
  }
  const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6)
  let bad = 0
  for (const f of files) {
    const errors = await validator.validate(fs.readFileSync(f, 'utf8'))
    if (errors === null) {
      console.log(`${f}: valid CycloneDX 1.6 (strict)`)
    } else {
      bad++
      console.log(`${f}: INVALID`)
      console.log(JSON.stringify(errors, null, 2))
    }
  }
  return bad ? 1 : 0
}

main(process.argv.slice(2)).then(rc => { process.exitCode = rc }, e => {
  console.error(e)
  process.exitCode = 2
})
