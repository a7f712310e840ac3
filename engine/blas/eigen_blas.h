#pragma once
// The two reference-BLAS routines PCA calls (dsyrk_, sgemm_), computed with Eigen. Built in as
// the BLAS where no BLAS library is found (scripts/gpu-check.sh on a machine with only a PyTorch
// wheel); the normal build links OpenBLAS and tests these against it (tests/engine/tst_pca).
// Column-major, Fortran calling convention, the same argument meaning as the reference BLAS.

namespace mllab::blas {

/// C := alpha * op(A)' op(A) + beta * C on the triangle `uplo` ("L" or "U"), op by `trans`
/// ("N": A is n x k, C = A A'; "T": A is k x n, C = A' A). The other triangle is untouched.
void eigenDsyrk(const char* uplo, const char* trans, const int* n, const int* k,
                const double* alpha, const double* a, const int* lda, const double* beta, double* c,
                const int* ldc);

/// C := alpha * op(A) op(B) + beta * C, C m x n, op by "N" or "T".
void eigenSgemm(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
                const float* beta, float* c, const int* ldc);

} // namespace mllab::blas
