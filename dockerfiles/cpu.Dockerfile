# Reference CPU image for RStudio on Amazon SageMaker.
# Passes every mandatory rule of `sagemaker-rstudio check` (docs/rules.md).
#
# Everything that moves is an ARG, so an upgrade is a --build-arg (or an edit of one line):
#   RSW_VERSION     the Posit Workbench version of the session image; it must match the domain's Workbench
#                   version (RSB013). 2025.05.1 is the newest version SageMaker documents (2025.05.1+513.pro3).
#   R_VERSION, PYTHON_VERSION
#                   the R and Python builds the base image ships under /opt/R and /opt/python
#                   (list them with: docker run --rm --entrypoint ls rstudio/r-session-complete:jammy-<v> /opt/R /opt/python).
ARG RSW_OS=jammy
ARG RSW_VERSION=2025.05.1

FROM --platform=linux/amd64 rstudio/r-session-complete:${RSW_OS}-${RSW_VERSION}

ARG RSW_OS
ARG R_VERSION=4.4.3
ARG PYTHON_VERSION=3.12.10
ARG JDK_PACKAGE=openjdk-11-jdk
ARG PPM_URL=https://packagemanager.posit.co
ARG SAGEMAKER_SPEC="<3"

USER root
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# System packages SageMaker requires: sudo, a JDK 11, libpng headers.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      sudo \
      ${JDK_PACKAGE} \
      libpng-dev \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

# reticulate, from Posit Package Manager's binary builds for this OS.
RUN /opt/R/${R_VERSION}/bin/R -e "install.packages('reticulate', repos='${PPM_URL}/cran/__linux__/${RSW_OS}/latest')"

# The SageMaker Python SDK stays below 3 (its 3.x interface differs from what R code written for SageMaker expects).
RUN /opt/python/${PYTHON_VERSION}/bin/pip install --no-cache-dir --upgrade \
      'boto3>=1.34,<2' \
      'awscli>=1.32,<2' \
      "sagemaker[local]${SAGEMAKER_SPEC}"

# Defaults SageMaker requires; the domain's RStudio settings override them at run time.
ENV RSTUDIO_CONNECT_URL="" \
    RSTUDIO_PACKAGE_MANAGER_URL="https://packagemanager.posit.co" \
    RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1

# No ENTRYPOINT/CMD: SageMaker overrides both to start the RSession.
