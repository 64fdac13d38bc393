// Storage: golden images (CDI DataImportCron, DataSource) that VMs clone their disks from.
export * from './golden-image';
