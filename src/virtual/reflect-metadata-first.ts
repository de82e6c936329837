/**
 * The Reflect metadata polyfill that @peculiar/x509's certificate builders need (through tsyringe), as an ES module
 * of its own: imported first by a file that builds certificates, it runs before them in any bundle. A bare
 * `import 'reflect-metadata'` (a CommonJS package) is run by the bundler where the importing module's own body
 * starts, after the ES modules that file imports — too late for x509 once they are reordered.
 */
import 'reflect-metadata';
