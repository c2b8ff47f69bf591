// The public surface of the WebDAV example, as a list you can read.

export type { WebdavServerOptions } from './create-webdav-server';
export { createApp, createWebdavServer } from './create-webdav-server';
export type { FsStoreOptions } from './fs-store';
export { createFsStore } from './fs-store';
export type { Lock, LockRequest } from './lock-manager';
export { LockManager } from './lock-manager';
export type { MemoryStoreOptions } from './memory-store';
export { createMemoryStore } from './memory-store';
export type { IfCondition, IfList } from './parse-if-header';
export { parseIfHeader } from './parse-if-header';
export type { DeadProps, PropPatchOp, ResourceInfo, StoreMember, WebdavStore } from './store';
