// The floor for the type-check figure of `npm run bench`: the same kind of app without
// cdk8s-kubevirt, only cdk8s and cdk8s-plus-28 (which every cdk8s-kubevirt app also loads).
import { App, Chart } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';

const app = new App();
const chart = new Chart(app, 'web');
new Deployment(chart, 'nginx', { containers: [{ image: 'nginx:1.27' }] });
app.synth();
